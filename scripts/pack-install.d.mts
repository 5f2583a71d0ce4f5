/**
 * Installs the workspace package in `dir` from its tarball (and its workspace dependencies'
 * tarballs) into a new project under the system's temporary folder.
 */
export function installPacked(dir: string): { project: string; remove: () => void };
