/// <reference path="../../runtime-module/src/nkruntime.d.ts" />
// Outpost's physics extension of nk (server/runtime/nk/sim.ts). Worlds belong to the match whose id is
// passed; each is stepped right before every matchLoop call and freed when the match ends.
declare namespace nkruntime {
  interface SimBox { minX: number; minY: number; maxX: number; maxY: number }
  interface SimWorldOptions {
    bounds: SimBox;
    /** Seconds per step; use 1 / tickRate. */
    dt?: number;
    gravity?: { x: number; y: number };
    maxRadius?: number;
    maxBodies?: number;
    maxContacts?: number;
    boxes?: SimBox[];
  }
  interface SimBody {
    x: number;
    y: number;
    vx?: number;
    vy?: number;
    radius: number;
    mass?: number;
    damping?: number;
    restitution?: number;
    layer?: number;
    mask?: number;
    sensor?: boolean;
    /** > 0 makes the body an observer: simWorldState lists what it sees, nearest first. */
    interestRadius?: number;
  }
  interface SimWorldState {
    bodies: Array<{ id: number; x: number; y: number; vx: number; vy: number }>;
    contacts: Array<[number, number]>;
    contactOverflow: number;
    visible: Record<number, number[]>;
  }
  interface Nakama {
    simWorldCreate(matchId: string, options: SimWorldOptions): number;
    simWorldDestroy(matchId: string, world: number): void;
    simBodyAdd(matchId: string, world: number, body: SimBody): number;
    simBodySet(matchId: string, world: number, body: number, patch: { x?: number; y?: number; vx?: number; vy?: number }): void;
    simBodyRemove(matchId: string, world: number, body: number): void;
    simWorldState(matchId: string, world: number): SimWorldState;
    simInfo(): { backend: string | null; adapter: unknown; fallbackReason: string | null; stats: unknown };
  }
}
