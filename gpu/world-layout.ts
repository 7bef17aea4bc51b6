// Word offsets of every record shared by the CPU mirror and the WGSL structs in
// gpu/shaders/common.wgsl. Changing one side without the other breaks parity.

/** Body property record (Props in WGSL): 12 words = 48 bytes per body slot. */
export const PROPS_WORDS = 12;
export const P_RADIUS = 0;
export const P_INV_MASS = 1;
export const P_DAMPING = 2;
export const P_RESTITUTION = 3;
export const P_LAYER = 4;
export const P_MASK = 5;
export const P_FLAGS = 6;
export const P_WORLD = 7;
export const P_INTEREST_RADIUS = 8;
export const P_OBSERVER = 9;

/** Body state record (vec4f in WGSL): position xy, velocity xy. */
export const STATE_WORDS = 4;
export const S_X = 0;
export const S_Y = 1;
export const S_VX = 2;
export const S_VY = 3;

/** Body flag bits stored in P_FLAGS. */
export const FLAG_ACTIVE = 1;
export const FLAG_SENSOR = 2;
export const FLAG_OBSERVER = 4;

/** World record (World in WGSL): 20 words = 80 bytes per world slot. */
export const WORLD_WORDS = 20;
export const W_MIN_X = 0;
export const W_MIN_Y = 1;
export const W_MAX_X = 2;
export const W_MAX_Y = 3;
export const W_GRAVITY_X = 4;
export const W_GRAVITY_Y = 5;
export const W_DT = 6;
export const W_INV_CELL = 7;
export const W_GRID_W = 8;
export const W_GRID_H = 9;
export const W_CELL_OFFSET = 10;
export const W_BODY_OFFSET = 11;
export const W_BOX_OFFSET = 12;
export const W_BOX_COUNT = 13;
export const W_CONTACT_OFFSET = 14;
export const W_CONTACT_CAP = 15;
export const W_DUE = 16;
export const W_CORRECTION = 17;
export const W_BODY_CAP = 18;

/** Static box record (vec4f in WGSL): min xy, max xy. */
export const BOX_WORDS = 4;

/** Uniform Params record: 8 words = 32 bytes. */
export const PARAMS_WORDS = 8;
export const U_SLOT_COUNT = 0;
export const U_CELL_COUNT = 1;
export const U_GRID_BODY_BASE = 2;
export const U_INTEREST_K = 3;
export const U_WORLD_COUNT = 4;
export const U_BLOCK_COUNT = 5;
export const U_CONTACT_BASE = 6;

/** Elements scanned per workgroup by scanBlocks (256 threads x 2). */
export const SCAN_BLOCK = 512;
/** Threads per workgroup of the per-body and per-cell passes. */
export const WORKGROUP = 64;
/** Largest interest cap supported (private arrays in interest.wgsl are sized K). */
export const MAX_INTEREST_K = 64;
