// Narrowphase + response, one thread per body slot, reading stateIn and writing
// stateOut (ping-pong). Jacobi: a body sums its corrections from every touching
// neighbour (cells row-major, slots ascending after sortCells), then resolves
// static boxes in index order and the world bounds. Mirrors gpu/cpu/cpu-solve.ts
// op for op; keep the two in step.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> worlds: array<World>;
@group(0) @binding(2) var<storage, read> props: array<Props>;
@group(0) @binding(3) var<storage, read> boxes: array<vec4f>;
@group(0) @binding(4) var<storage, read> stateIn: array<vec4f>;
@group(0) @binding(5) var<storage, read_write> stateOut: array<vec4f>;
@group(0) @binding(6) var<storage, read> grid: array<u32>;
// contacts[world] = pairs found; pairs at contactBase + 2 * (contactOffset + k).
@group(0) @binding(7) var<storage, read_write> contacts: array<atomic<u32>>;

fn emitContact(w: World, world: u32, a: u32, b: u32) {
  let k = atomicAdd(&contacts[world], 1u);
  if (k < w.contactCap) {
    let at = params.contactBase + 2u * (w.contactOffset + k);
    atomicStore(&contacts[at], a);
    atomicStore(&contacts[at + 1u], b);
  }
}

@compute @workgroup_size(64)
fn solve(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.slotCount) { return; }
  let s = stateIn[i];
  let p = props[i];
  if ((p.flags & FLAG_ACTIVE) == 0u) { stateOut[i] = s; return; }
  let w = worlds[p.world];
  if (w.due == 0u) { stateOut[i] = s; return; }

  var px = s.x;
  var py = s.y;
  var vx = s.z;
  var vy = s.w;
  let sensor = (p.flags & FLAG_SENSOR) != 0u;
  var dpx = 0.0;
  var dpy = 0.0;
  var dvx = 0.0;
  var dvy = 0.0;
  let cx = cellCol(w, px);
  let cy = cellRow(w, py);
  for (var oy = -1; oy <= 1; oy++) {
    let gy = cy + oy;
    if (gy < 0 || gy >= i32(w.gridH)) { continue; }
    for (var ox = -1; ox <= 1; ox++) {
      let gx = cx + ox;
      if (gx < 0 || gx >= i32(w.gridW)) { continue; }
      let c = w.cellOffset + u32(gy) * w.gridW + u32(gx);
      let kEnd = grid[c + 1u];
      for (var k = grid[c]; k < kEnd; k++) {
        let j = grid[params.gridBodyBase + k];
        if (j == i) { continue; }
        let q = props[j];
        if ((p.layer & q.mask) == 0u || (q.layer & p.mask) == 0u) { continue; }
        let t = stateIn[j];
        let dx = px - t.x;
        let dy = py - t.y;
        let d2 = dx * dx + dy * dy;
        let rs = p.radius + q.radius;
        if (d2 >= rs * rs) { continue; }
        if (i < j) { emitContact(w, p.world, i - w.bodyOffset, j - w.bodyOffset); }
        if (sensor || (q.flags & FLAG_SENSOR) != 0u) { continue; }
        if (p.invMass == 0.0) { continue; }
        let wsum = p.invMass + q.invMass;
        var nx = 1.0;
        if (i < j) { nx = -1.0; }
        var ny = 0.0;
        let d = sqrt(d2);
        if (d > 0.0) {
          let inv = 1.0 / d;
          nx = dx * inv;
          ny = dy * inv;
        }
        let pen = rs - d;
        let share = p.invMass / wsum;
        let corr = (pen * w.correction) * share;
        dpx = dpx + nx * corr;
        dpy = dpy + ny * corr;
        let rvx = vx - t.z;
        let rvy = vy - t.w;
        let vn = rvx * nx + rvy * ny;
        if (vn < 0.0) {
          let e = max(p.restitution, q.restitution);
          let jimp = (-(1.0 + e) * vn) / wsum;
          let dv = jimp * p.invMass;
          dvx = dvx + nx * dv;
          dvy = dvy + ny * dv;
        }
      }
    }
  }
  px = px + dpx;
  py = py + dpy;
  vx = vx + dvx;
  vy = vy + dvy;

  let r = p.radius;
  let e = p.restitution;
  if (!sensor && p.invMass > 0.0) {
    for (var b = 0u; b < w.boxCount; b++) {
      let box = boxes[w.boxOffset + b];
      let qx = min(max(px, box.x), box.z);
      let qy = min(max(py, box.y), box.w);
      let dx = px - qx;
      let dy = py - qy;
      let d2 = dx * dx + dy * dy;
      if (d2 >= r * r) { continue; }
      var nx = 0.0;
      var ny = 0.0;
      var pen = 0.0;
      if (d2 > 0.0) {
        let d = sqrt(d2);
        let inv = 1.0 / d;
        nx = dx * inv;
        ny = dy * inv;
        pen = r - d;
      } else {
        var best = px - box.x;
        nx = -1.0;
        let right = box.z - px;
        let down = py - box.y;
        let up = box.w - py;
        if (right < best) { best = right; nx = 1.0; ny = 0.0; }
        if (down < best) { best = down; nx = 0.0; ny = -1.0; }
        if (up < best) { best = up; nx = 0.0; ny = 1.0; }
        pen = r + best;
      }
      px = px + nx * pen;
      py = py + ny * pen;
      let vn = vx * nx + vy * ny;
      if (vn < 0.0) {
        let kk = (1.0 + e) * vn;
        vx = vx - kk * nx;
        vy = vy - kk * ny;
      }
    }
  }

  if (px - r < w.minX) {
    px = w.minX + r;
    if (vx < 0.0) { vx = -vx * e; }
  }
  if (px + r > w.maxX) {
    px = w.maxX - r;
    if (vx > 0.0) { vx = -vx * e; }
  }
  if (py - r < w.minY) {
    py = w.minY + r;
    if (vy < 0.0) { vy = -vy * e; }
  }
  if (py + r > w.maxY) {
    py = w.maxY - r;
    if (vy > 0.0) { vy = -vy * e; }
  }
  stateOut[i] = vec4f(px, py, vx, vy);
}
