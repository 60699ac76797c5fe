// Intentionally empty. tsconfig.core.json points its typeRoots here so that a library's
// `/// <reference types="node" />` (@types/papaparse has one, for its Node stream overloads) cannot
// bring Node's globals into core: core must compile without them.
export {};
