// Trunk's one post_build hook: the steps run in this order, each on the
// staging directory (Trunk may run separate hooks of one stage together).
await import('./externalise-init.mjs');
await import('./single-file.mjs');
