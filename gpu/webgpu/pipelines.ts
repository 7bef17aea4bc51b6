import { readFileSync } from 'node:fs';

// Numeric WebGPU flag values (fixed by the spec); using them avoids installing
// the package's globals on globalThis.
export const BUFFER_USAGE = {
  MAP_READ: 0x1,
  COPY_SRC: 0x4,
  COPY_DST: 0x8,
  UNIFORM: 0x40,
  STORAGE: 0x80,
} as const;
export const MAP_READ = 0x1;
const COMPUTE_STAGE = 0x4;

type Binding = 'uniform' | 'read' | 'rw';

/** Bind-group layouts, one per shader module, listed binding by binding. */
const LAYOUTS = {
  integrate: ['uniform', 'read', 'read', 'rw'],
  grid: ['uniform', 'read', 'read', 'read', 'rw', 'rw'],
  scan: ['uniform', 'read', 'rw', 'rw'],
  solve: ['uniform', 'read', 'read', 'read', 'read', 'rw', 'read', 'rw'],
  interest: ['uniform', 'read', 'read', 'read', 'read', 'rw'],
} satisfies Record<string, Binding[]>;

export type LayoutName = keyof typeof LAYOUTS;

export interface SimPipelines {
  layouts: Record<LayoutName, GPUBindGroupLayout>;
  integrate: GPUComputePipeline;
  countCells: GPUComputePipeline;
  scatter: GPUComputePipeline;
  sortCells: GPUComputePipeline;
  scanBlocks: GPUComputePipeline;
  scanSums: GPUComputePipeline;
  scanAdd: GPUComputePipeline;
  solve: GPUComputePipeline;
  interest: GPUComputePipeline;
}

function shaderSource(name: string, K: number): string {
  const read = (f: string) => readFileSync(new URL(`../shaders/${f}`, import.meta.url), 'utf8');
  return `${read('common.wgsl')}\n${read(`${name}.wgsl`)}`.replace('__K__', String(K));
}

/** Compiles every module and pipeline with explicit layouts (no 'auto'). */
export async function createPipelines(device: GPUDevice, interestK: number): Promise<SimPipelines> {
  const layouts = {} as Record<LayoutName, GPUBindGroupLayout>;
  const pipelineLayouts = {} as Record<LayoutName, GPUPipelineLayout>;
  for (const [name, bindings] of Object.entries(LAYOUTS) as Array<[LayoutName, Binding[]]>) {
    layouts[name] = device.createBindGroupLayout({
      label: `sim-${name}`,
      entries: bindings.map((b, binding) => ({
        binding,
        visibility: COMPUTE_STAGE,
        buffer: { type: b === 'uniform' ? 'uniform' : b === 'read' ? 'read-only-storage' : 'storage' },
      })),
    });
    pipelineLayouts[name] = device.createPipelineLayout({ bindGroupLayouts: [layouts[name]] });
  }
  const modules = {} as Record<LayoutName, GPUShaderModule>;
  for (const name of Object.keys(LAYOUTS) as LayoutName[]) {
    modules[name] = device.createShaderModule({ label: `sim-${name}`, code: shaderSource(name, interestK) });
  }
  const make = (layout: LayoutName, entryPoint: string) =>
    device.createComputePipelineAsync({
      label: `sim-${entryPoint}`,
      layout: pipelineLayouts[layout],
      compute: { module: modules[layout], entryPoint },
    });
  const [integrate, countCells, scatter, sortCells, scanBlocks, scanSums, scanAdd, solve, interest] = await Promise.all([
    make('integrate', 'integrate'),
    make('grid', 'countCells'),
    make('grid', 'scatter'),
    make('grid', 'sortCells'),
    make('scan', 'scanBlocks'),
    make('scan', 'scanSums'),
    make('scan', 'scanAdd'),
    make('solve', 'solve'),
    make('interest', 'interestPass'),
  ]);
  return { layouts, integrate, countCells, scatter, sortCells, scanBlocks, scanSums, scanAdd, solve, interest };
}
