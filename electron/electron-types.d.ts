/**
 * The few Electron APIs the shell uses, declared here because the electron package (and its binary)
 * cannot be installed on the development machines. With the real package installed, delete this file.
 */
declare module 'electron' {
  interface BrowserWindowOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    title?: string;
    backgroundColor?: string;
    show?: boolean;
    webPreferences?: { contextIsolation?: boolean; nodeIntegration?: boolean; sandbox?: boolean };
  }
  export class BrowserWindow {
    constructor(options?: BrowserWindowOptions);
    loadURL(url: string): Promise<void>;
    once(event: 'ready-to-show', listener: () => void): this;
    show(): void;
    static getAllWindows(): BrowserWindow[];
  }
  export const app: {
    whenReady(): Promise<void>;
    getPath(name: 'userData'): string;
    on(event: 'window-all-closed' | 'activate', listener: () => void): void;
    on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): void;
    quit(): void;
    exit(code?: number): void;
  };
  export const dialog: {
    showErrorBox(title: string, content: string): void;
  };
}
