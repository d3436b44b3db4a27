/**
 * Entry point of the provider executable (bundled by ./install.ts): serves the pgpartition provider
 * over Terraform's plugin protocol. Nothing here may write to stdout: see ./protocol/serve.ts.
 */
import { provider } from './provider';
import { serve } from './protocol/serve';

void serve(provider);
