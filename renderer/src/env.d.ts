/** Vite turns CSS imports into stylesheet links; TypeScript only needs to know the import is allowed. */
declare module '*.css';
