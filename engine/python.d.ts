/** Python shipped as text (the PyTorch export): Vite, Vitest and the CLI bundle load `*.py?raw` as a string. */
declare module '*.py?raw' {
  const source: string;
  export default source;
}
