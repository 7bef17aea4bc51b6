/**
 * The desktop shell: starts the server through its public entry (createOutpost), then shows the console
 * GUI it serves in a window. Nothing here reaches into server internals; closing the app stops the
 * server cleanly (every acknowledged write is kept).
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { loadConfig } from '../server/config/load.js';
import { createOutpost, type Outpost } from '../server/main.js';

let outpost: Outpost | undefined;
let stopping = false;

/** Desktop defaults: data in the user's app folder, the console on loopback only; flags and env still win. */
function desktopArgs(): string[] {
  const given = process.argv.slice(2).filter((a) => a.startsWith('--'));
  const defaults = ['--data_dir', join(app.getPath('userData'), 'data'), '--console.address', '127.0.0.1'];
  const named = new Set(given.map((a) => a.split('=')[0]));
  const out: string[] = [];
  for (let i = 0; i < defaults.length; i += 2) if (!named.has(defaults[i]!)) out.push(defaults[i]!, defaults[i + 1]!);
  return [...out, ...given];
}

async function openWindow(url: string): Promise<void> {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: 'Outpost',
    backgroundColor: '#0d1117',
    show: false,
    webPreferences: { contextIsolation: true, nodeIntegration: false, sandbox: true },
  });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(url);
}

async function start(): Promise<void> {
  await app.whenReady();
  try {
    outpost = await createOutpost(loadConfig({ argv: desktopArgs(), env: process.env }));
    await outpost.start();
  } catch (err) {
    dialog.showErrorBox('Outpost could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }
  const url = outpost.addresses().console;
  await openWindow(url);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow(url);
  });
}

app.on('window-all-closed', () => app.quit());
app.on('before-quit', (event) => {
  if (!outpost || stopping) return;
  // Quit waits for the server to drain and close the database, then quits for real.
  event.preventDefault();
  stopping = true;
  outpost.stop().finally(() => {
    outpost = undefined;
    app.quit();
  });
});

void start();
