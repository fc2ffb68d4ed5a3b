// The relay on Hono on @hono/node-server: the README's recipe (hono/server.ts) started as is, with
// the environment a site would give it, forwarding to the sandbox on loopback.
import { testNodeRecipe } from './node-recipe.ts';

testNodeRecipe('hono', () => import('./hono/server.ts'));
