// Shared records; word layout must match gpu/world-layout.ts.

struct Params {
  slotCount: u32,
  cellCount: u32,
  gridBodyBase: u32,
  interestK: u32,
  worldCount: u32,
  blockCount: u32,
  contactBase: u32,
  pad0: u32,
}

struct Props {
  radius: f32,
  invMass: f32,
  damping: f32,
  restitution: f32,
  layer: u32,
  mask: u32,
  flags: u32,
  world: u32,
  interestRadius: f32,
  observer: u32,
  pad0: u32,
  pad1: u32,
}

struct World {
  minX: f32,
  minY: f32,
  maxX: f32,
  maxY: f32,
  gravityX: f32,
  gravityY: f32,
  dt: f32,
  invCell: f32,
  gridW: u32,
  gridH: u32,
  cellOffset: u32,
  bodyOffset: u32,
  boxOffset: u32,
  boxCount: u32,
  contactOffset: u32,
  contactCap: u32,
  due: u32,
  correction: f32,
  bodyCap: u32,
  pad0: u32,
}

const FLAG_ACTIVE: u32 = 1u;
const FLAG_SENSOR: u32 = 2u;
const FLAG_OBSERVER: u32 = 4u;

// Clamped cell column/row; mirrors cellX/cellY in gpu/cpu/cpu-grid.ts.
fn cellCol(w: World, x: f32) -> i32 {
  return i32(clamp(floor((x - w.minX) * w.invCell), 0.0, f32(w.gridW - 1u)));
}

fn cellRow(w: World, y: f32) -> i32 {
  return i32(clamp(floor((y - w.minY) * w.invCell), 0.0, f32(w.gridH - 1u)));
}

fn cellIndex(w: World, pos: vec2f) -> u32 {
  return w.cellOffset + u32(cellRow(w, pos.y)) * w.gridW + u32(cellCol(w, pos.x));
}
