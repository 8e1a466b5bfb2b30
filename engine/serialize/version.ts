import pkg from '../../package.json';

/** The GateLab version written into model files (package.json's). */
export const GATELAB_VERSION: string = pkg.version;
