import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LoginAttempts } from '../../server/console/login-attempts.js';

describe('console login lockout rules', () => {
  const settings = { maxFailures: 3, windowMs: 1000, lockoutMs: 5000 };

  it('locks after maxFailures within the window, for the name and the address, and unlocks after lockoutMs', () => {
    let now = 0;
    const attempts = new LoginAttempts(settings, () => now);
    for (let i = 0; i < 3; i++) {
      assert.equal(attempts.allowed('admin', '10.0.0.1'), true);
      attempts.failed('admin', '10.0.0.1');
      now += 100;
    }
    assert.equal(attempts.allowed('admin', '10.0.0.1'), false);
    assert.equal(attempts.allowed('admin', '10.0.0.2'), false, 'the name is locked from anywhere');
    assert.equal(attempts.allowed('other', '10.0.0.1'), false, 'the address is locked for any name');
    assert.equal(attempts.allowed('other', '10.0.0.2'), true);
    now += 5000;
    assert.equal(attempts.allowed('admin', '10.0.0.1'), true);
  });

  it('forgets failures older than the window and clears them on success', () => {
    let now = 0;
    const attempts = new LoginAttempts(settings, () => now);
    attempts.failed('admin', 'a');
    attempts.failed('admin', 'a');
    now += 1500;
    attempts.failed('admin', 'a');
    assert.equal(attempts.allowed('admin', 'a'), true, 'two of the three failures fell out of the window');
    attempts.failed('admin', 'a');
    attempts.succeeded('admin', 'a');
    attempts.failed('admin', 'a');
    assert.equal(attempts.allowed('admin', 'a'), true, 'a success starts the count again');
  });
});
