// The relay on Express 5 through toNodeHandler: the README's recipe (express/server.ts) started as
// is, with the environment a site would give it, forwarding to the sandbox on loopback.
import { testNodeRecipe } from './node-recipe.ts';

testNodeRecipe('express', () => import('./express/server.ts'));
