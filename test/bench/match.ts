import { loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createLogger } from '../../server/common/logger.js';
import { AuthoritativeMatchRegistry } from '../../server/match/authoritative/authoritative-registry.js';
import { percentile } from '../../server/match/authoritative/tick-stats.js';
import { LocalMessageRouter } from '../../server/presence/message-router.js';
import { LocalTracker } from '../../server/presence/tracker.js';
import type { Envelope } from '../../server/protocol/realtime-messages.js';
import { JsonEnvelopeCodec } from '../../server/realtime/codec.js';
import { ArenaProvider, Op } from '../match/support/arena-game.js';
import { machineLine, printTable } from './report.js';

/**
 * Match capacity: N authoritative matches of the in-process test game at 10 Hz, each with 4 simulated
 * presences that send one input per tick; the game echoes every input to all 4, so each match sends 16
 * match_data envelopes a tick. Simulated sessions JSON-encode every envelope addressed to them, as a
 * socket would, then drop it. Reports tick duration (handler call plus dispatch) and start lateness.
 *   npx tsx test/bench/match.ts [N ...]      (default: 100 250 500; BENCH_MATCH_SECONDS, default 8)
 */
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const COUNTS = SIZES.length > 0 ? SIZES : [100, 250, 500];
const SECONDS = Number(process.env.BENCH_MATCH_SECONDS ?? 8);
const TICK_RATE = 10;
const PLAYERS = 4;
const NODE = 'bench';

interface Row {
  matches: number;
  ticksPerSec: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
  lateP99: number;
  overruns: number;
  loopLagP99: number;
  envelopesPerSec: number;
  cpuPct: number;
  /** Process CPU time per tick (loop, dispatch, encoding, inputs): the figure other processes on the machine do not distort. */
  cpuUsPerTick: number;
}

async function run(count: number): Promise<Row> {
  const codec = new JsonEnvelopeCodec();
  let envelopes = 0;
  const fakeSession = { send: (e: Envelope) => void (codec.encode(e), envelopes++) };
  const sessions = new Map<string, typeof fakeSession>();
  const tracker = new LocalTracker(NODE);
  const router = new LocalMessageRouter(NODE, { get: (id) => sessions.get(id) });
  const logger = createLogger({ level: 'error', format: 'text' });
  const game = new ArenaProvider();
  const registry = new AuthoritativeMatchRegistry(
    { node: NODE, shutdownGraceSec: 0, maxEmptySec: 0, inputQueueSize: 128, callQueueSize: 128, singleMatch: false, isSessionLive: (id) => sessions.has(id), disconnect: () => {} },
    tracker,
    router,
    logger,
    game,
  );
  await registry.start();
  const members: Array<{ matchId: string; session: { id: string; userId: string; username: string; node: string } }> = [];
  for (let i = 0; i < count; i++) {
    const matchId = await registry.createMatch('arena', { tickRate: TICK_RATE, maxPlayers: PLAYERS });
    for (let p = 0; p < PLAYERS; p++) {
      const session = { id: randomUUID(), userId: randomUUID(), username: `p${i}-${p}`, node: NODE };
      sessions.set(session.id, fakeSession);
      await registry.join(session, matchId, {});
      members.push({ matchId, session });
    }
  }
  // Inputs: every simulated presence sends one message per tick, spread over the tick interval.
  const payload = new TextEncoder().encode(JSON.stringify({ x: 12.5, y: -3.25, buttons: 5 }));
  const slices = 10;
  let slice = 0;
  const input = setInterval(() => {
    for (let k = slice; k < members.length; k += slices) {
      const m = members[k]!;
      registry.sendData(m.session, { matchId: m.matchId, opCode: Op.Echo, data: payload, reliable: true });
    }
    slice = (slice + 1) % slices;
  }, 1000 / TICK_RATE / slices);

  // Warm-up, then measure a window.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  registry.clearTickSamples();
  const overrunsBefore = registry.stats().overruns;
  const ticksBefore = registry.stats().ticks;
  const envelopesBefore = envelopes;
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  lag.disable();
  const ticks = registry.stats().ticks - ticksBefore;
  const sent = envelopes - envelopesBefore;
  const stats = registry.matchStats();
  clearInterval(input);
  // Durations and lateness of the window's ticks (up to 256 per match: all of them at 10 Hz for up to 25 s).
  const { durations, lateness } = registry.tickSamples();
  const overruns = stats.reduce((sum, s) => sum + s.overruns, 0) - overrunsBefore;
  await registry.stop();
  return {
    matches: count,
    ticksPerSec: ticks / elapsed,
    expected: count * TICK_RATE,
    p50: percentile(durations, 0.5),
    p99: percentile(durations, 0.99),
    max: Math.max(...durations),
    lateP99: percentile(lateness, 0.99),
    overruns,
    loopLagP99: lag.percentile(99) / 1e6,
    envelopesPerSec: sent / elapsed,
    cpuPct: ((cpu.user + cpu.system) / 1e6 / elapsed) * 100,
    cpuUsPerTick: (cpu.user + cpu.system) / Math.max(1, ticks),
  };
}

const rows: Row[] = [];
for (const n of COUNTS) rows.push(await run(n));

console.log(`\nMatch capacity: ${TICK_RATE} Hz, ${PLAYERS} simulated presences per match, ${SECONDS} s window`);
console.log(`${machineLine()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
const f = (n: number, d = 2) => n.toFixed(d);
const header = ['matches', 'ticks/s (expected)', 'tick p50 ms', 'tick p99 ms', 'tick max ms', 'start late p99 ms', 'overruns', 'loop lag p99 ms', 'envelopes/s', 'CPU %', 'CPU µs/tick', 'p99 < 5 ms'];
printTable(
  header,
  rows.map((r) => [
    String(r.matches), `${f(r.ticksPerSec, 0)} (${r.expected})`, f(r.p50), f(r.p99), f(r.max), f(r.lateP99), String(r.overruns), f(r.loopLagP99),
    f(r.envelopesPerSec, 0), f(r.cpuPct, 0), f(r.cpuUsPerTick, 0), r.p99 < 5 ? 'yes' : 'NO',
  ]),
);
