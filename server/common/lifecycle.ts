/** Everything long-lived implements this; main.ts starts in order and stops in reverse order. */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
