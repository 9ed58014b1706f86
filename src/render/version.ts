// The package version, compiled into the bundle by build/bundle.mjs; '0.0.0-dev' when run from source.
declare const __TETRA_DOCTOR_VERSION__: string;
export const TOOL_VERSION = typeof __TETRA_DOCTOR_VERSION__ === 'string' ? __TETRA_DOCTOR_VERSION__ : '0.0.0-dev';
