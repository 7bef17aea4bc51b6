// Interest management: per observer, up to K body ids within its radius,
// nearest first, ties by id. (distance², id) is a total order, so the unsorted
// rebuilt grid gives the same answer as the CPU. K is substituted at load time.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> worlds: array<World>;
@group(0) @binding(2) var<storage, read> props: array<Props>;
@group(0) @binding(3) var<storage, read> state: array<vec4f>;
@group(0) @binding(4) var<storage, read> grid: array<u32>;
// interest[observer * (K + 1)] = count, then the ids.
@group(0) @binding(5) var<storage, read_write> interest: array<u32>;

const K: u32 = __K__u;

fn before(d: f32, id: u32, od: f32, oid: u32) -> bool {
  return d < od || (d == od && id < oid);
}

@compute @workgroup_size(64)
fn interestPass(@builtin(global_invocation_id) gid: vec3u) {
  let o = gid.x;
  if (o >= params.slotCount) { return; }
  let p = props[o];
  if ((p.flags & (FLAG_ACTIVE | FLAG_OBSERVER)) != (FLAG_ACTIVE | FLAG_OBSERVER)) { return; }
  let w = worlds[p.world];
  if (w.due == 0u) { return; }
  let R = p.interestRadius;
  let R2 = R * R;
  let me = state[o];
  let range = i32(floor(R * w.invCell)) + 1;
  let cx = cellCol(w, me.x);
  let cy = cellRow(w, me.y);
  let y0 = max(cy - range, 0);
  let y1 = min(cy + range, i32(w.gridH) - 1);
  let x0 = max(cx - range, 0);
  let x1 = min(cx + range, i32(w.gridW) - 1);
  var bestD: array<f32, K>;
  var bestI: array<u32, K>;
  var n = 0u;
  for (var gy = y0; gy <= y1; gy++) {
    for (var gx = x0; gx <= x1; gx++) {
      let c = w.cellOffset + u32(gy) * w.gridW + u32(gx);
      let kEnd = grid[c + 1u];
      for (var k = grid[c]; k < kEnd; k++) {
        let j = grid[params.gridBodyBase + k];
        if (j == o) { continue; }
        let t = state[j];
        let dx = t.x - me.x;
        let dy = t.y - me.y;
        let d2 = dx * dx + dy * dy;
        if (d2 > R2) { continue; }
        let id = j - w.bodyOffset;
        if (n == K) {
          if (!before(d2, id, bestD[K - 1u], bestI[K - 1u])) { continue; }
        } else {
          n = n + 1u;
        }
        var b = n - 1u;
        loop {
          if (b == 0u) { break; }
          if (!before(d2, id, bestD[b - 1u], bestI[b - 1u])) { break; }
          bestD[b] = bestD[b - 1u];
          bestI[b] = bestI[b - 1u];
          b = b - 1u;
        }
        bestD[b] = d2;
        bestI[b] = id;
      }
    }
  }
  let base = p.observer * (K + 1u);
  interest[base] = n;
  for (var k = 0u; k < n; k++) {
    interest[base + 1u + k] = bestI[k];
  }
}
