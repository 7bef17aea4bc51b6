// Pass 1: semi-implicit Euler with gravity and damping, in place on the input state.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> worlds: array<World>;
@group(0) @binding(2) var<storage, read> props: array<Props>;
@group(0) @binding(3) var<storage, read_write> state: array<vec4f>;

@compute @workgroup_size(64)
fn integrate(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.slotCount) { return; }
  let p = props[i];
  if ((p.flags & FLAG_ACTIVE) == 0u) { return; }
  let w = worlds[p.world];
  if (w.due == 0u) { return; }
  let s = state[i];
  let dt = w.dt;
  let damp = 1.0 / (1.0 + dt * p.damping);
  var vx = s.z;
  var vy = s.w;
  if (p.invMass > 0.0) {
    vx = vx + w.gravityX * dt;
    vy = vy + w.gravityY * dt;
  }
  vx = vx * damp;
  vy = vy * damp;
  state[i] = vec4f(s.x + vx * dt, s.y + vy * dt, vx, vy);
}
