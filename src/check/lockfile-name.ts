/** The lockfile's file name, beside the program (apart from the module that reads and writes it, so the CLI's help can name it without loading that). */
export const LOCKFILE_NAME = 'flux-oci.lock.json';
