import { create } from 'webgpu';
import type { AdapterSummary } from '../types.js';

/** An opened Dawn instance, adapter and device; `close()` releases all three. */
export interface GpuContext {
  device: GPUDevice;
  adapter: GPUAdapter;
  summary: AdapterSummary;
  /** Limits requested at requestDevice (the adapter's maxima for the ones we use). */
  limits: Record<string, number>;
  dawnOptions: string[];
  close(): void;
}

export interface OpenGpuOptions {
  dawnOptions?: string[];
  featureLevel?: 'core' | 'compatibility';
}

/** Storage buffers the widest pass (solve.wgsl) binds in one stage. */
export const STORAGE_BUFFERS_NEEDED = 7;

// Limits that bound world size or shader shape; each is requested at the adapter's maximum.
const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxBindingsPerBindGroup',
] as const;

interface Attempt {
  options: string[];
  featureLevel: 'core' | 'compatibility';
}

/**
 * Backend rule: explicit dawnOptions win. Otherwise, when EGL_PLATFORM is
 * already 'surfaceless' (a headless Mesa box) try OpenGL ES first, else try
 * Dawn's default backend (Vulkan/D3D12/Metal) first; the other one is the
 * fallback. OpenGL ES runs in WebGPU compatibility mode.
 */
export function backendAttempts(opts: OpenGpuOptions, env: NodeJS.ProcessEnv = process.env): Attempt[] {
  if (opts.dawnOptions) {
    const gl = opts.dawnOptions.some((o) => /^backend=opengl(es)?$/.test(o));
    return [{ options: opts.dawnOptions, featureLevel: opts.featureLevel ?? (gl ? 'compatibility' : 'core') }];
  }
  const native: Attempt = { options: [], featureLevel: opts.featureLevel ?? 'core' };
  const gles: Attempt = { options: ['backend=opengles'], featureLevel: 'compatibility' };
  return env.EGL_PLATFORM === 'surfaceless' ? [gles, native] : [native, gles];
}

/** Opens a device, or throws an Error whose message lists every attempt. */
export async function openGpu(opts: OpenGpuOptions = {}): Promise<GpuContext> {
  const failures: string[] = [];
  for (const attempt of backendAttempts(opts)) {
    const usesGl = attempt.options.some((o) => o.startsWith('backend=opengl'));
    // Mesa's EGL needs a platform; surfaceless works without any display server.
    if (usesGl && !process.env.EGL_PLATFORM) process.env.EGL_PLATFORM = 'surfaceless';
    let gpu: GPU | null = null;
    try {
      gpu = create(attempt.options);
      const adapter = await gpu.requestAdapter({ featureLevel: attempt.featureLevel, powerPreference: 'high-performance' });
      if (!adapter) {
        failures.push(`[${attempt.options.join(' ') || 'default'}]: no adapter`);
        continue;
      }
      const available = adapter.limits as unknown as Record<string, number>;
      if ((available.maxStorageBuffersPerShaderStage ?? 0) < STORAGE_BUFFERS_NEEDED) {
        failures.push(`[${attempt.options.join(' ') || 'default'}]: adapter allows too few storage buffers per stage`);
        continue;
      }
      const limits: Record<string, number> = {};
      for (const key of WANTED_LIMITS) {
        const v = available[key];
        if (typeof v === 'number') limits[key] = v;
      }
      const device = await adapter.requestDevice({ requiredLimits: limits, label: 'outpost-sim' });
      const info = adapter.info;
      const held: { gpu: GPU | null } = { gpu };
      return {
        device,
        adapter,
        limits,
        dawnOptions: attempt.options,
        summary: {
          vendor: info.vendor ?? '',
          architecture: info.architecture ?? '',
          device: info.device ?? '',
          description: info.description ?? '',
          dawnBackend: attempt.options.find((o) => o.startsWith('backend='))?.slice(8) ?? 'default',
          featureLevel: attempt.featureLevel,
        },
        close() {
          device.destroy();
          // Dawn keeps the process alive while the instance object is referenced.
          held.gpu = null;
        },
      };
    } catch (err) {
      failures.push(`[${attempt.options.join(' ') || 'default'}]: ${(err as Error).message}`);
    }
  }
  throw new Error(`no WebGPU adapter: ${failures.join('; ')}`);
}
