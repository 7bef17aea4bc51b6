// Broadphase passes on a uniform grid shared by all worlds (each world owns a
// cell range): count bodies per cell, scatter slots after the scan, then sort
// each cell so neighbour order (and thus f32 summation order) is deterministic.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> worlds: array<World>;
@group(0) @binding(2) var<storage, read> props: array<Props>;
@group(0) @binding(3) var<storage, read> state: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> counts: array<atomic<u32>>;
// grid[0..cellCount] = exclusive cell starts (+ total), grid[gridBodyBase + k] = slot.
@group(0) @binding(5) var<storage, read_write> grid: array<u32>;

fn liveCell(i: u32) -> u32 {
  let p = props[i];
  if ((p.flags & FLAG_ACTIVE) == 0u) { return 0xffffffffu; }
  let w = worlds[p.world];
  if (w.due == 0u) { return 0xffffffffu; }
  return cellIndex(w, state[i].xy);
}

@compute @workgroup_size(64)
fn countCells(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.slotCount) { return; }
  let c = liveCell(i);
  if (c == 0xffffffffu) { return; }
  atomicAdd(&counts[c], 1u);
}

@compute @workgroup_size(64)
fn scatter(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.slotCount) { return; }
  let c = liveCell(i);
  if (c == 0xffffffffu) { return; }
  let k = atomicSub(&counts[c], 1u) - 1u;
  grid[params.gridBodyBase + grid[c] + k] = i;
}

@compute @workgroup_size(64)
fn sortCells(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= params.cellCount) { return; }
  let s = grid[c];
  let e = grid[c + 1u];
  let base = params.gridBodyBase;
  for (var a = s + 1u; a < e; a++) {
    let v = grid[base + a];
    var b = a;
    loop {
      if (b <= s) { break; }
      let u = grid[base + b - 1u];
      if (u <= v) { break; }
      grid[base + b] = u;
      b = b - 1u;
    }
    grid[base + b] = v;
  }
}
