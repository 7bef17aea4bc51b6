// Exclusive prefix sum of per-cell counts into grid[0..cellCount], in three
// passes: scan 512-element blocks, scan the block totals in one workgroup
// (looping, so any cell count works), then add block offsets.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> counts: array<u32>;
@group(0) @binding(2) var<storage, read_write> grid: array<u32>;
@group(0) @binding(3) var<storage, read_write> blockSums: array<u32>;

const BLOCK: u32 = 512u;
var<workgroup> tmp: array<u32, 256>;
var<workgroup> carry: u32;

// Inclusive Hillis-Steele scan of tmp[0..256]; every thread must call it.
fn scanTmp(lid: u32) {
  for (var off = 1u; off < 256u; off = off * 2u) {
    var v = 0u;
    if (lid >= off) { v = tmp[lid - off]; }
    workgroupBarrier();
    tmp[lid] = tmp[lid] + v;
    workgroupBarrier();
  }
}

@compute @workgroup_size(256)
fn scanBlocks(@builtin(local_invocation_id) lid3: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let lid = lid3.x;
  let i0 = wid.x * BLOCK + lid * 2u;
  var a = 0u;
  var b = 0u;
  if (i0 < params.cellCount) { a = counts[i0]; }
  if (i0 + 1u < params.cellCount) { b = counts[i0 + 1u]; }
  tmp[lid] = a + b;
  workgroupBarrier();
  scanTmp(lid);
  let excl = tmp[lid] - a - b;
  if (i0 < params.cellCount) { grid[i0] = excl; }
  if (i0 + 1u < params.cellCount) { grid[i0 + 1u] = excl + a; }
  if (lid == 255u) { blockSums[wid.x] = tmp[255]; }
}

@compute @workgroup_size(256)
fn scanSums(@builtin(local_invocation_id) lid3: vec3u) {
  let lid = lid3.x;
  if (lid == 0u) { carry = 0u; }
  workgroupBarrier();
  for (var chunk = 0u; chunk < params.blockCount; chunk = chunk + 256u) {
    let c = carry;
    let idx = chunk + lid;
    var v = 0u;
    if (idx < params.blockCount) { v = blockSums[idx]; }
    tmp[lid] = v;
    workgroupBarrier();
    scanTmp(lid);
    if (idx < params.blockCount) { blockSums[idx] = c + tmp[lid] - v; }
    workgroupBarrier();
    if (lid == 0u) { carry = c + tmp[255]; }
    workgroupBarrier();
  }
  if (lid == 0u) { grid[params.cellCount] = carry; }
}

@compute @workgroup_size(256)
fn scanAdd(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.cellCount) { return; }
  grid[i] = grid[i] + blockSums[i / BLOCK];
}
