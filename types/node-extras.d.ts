/**
 * For rooms compiled with Node's types and without the DOM (src/cli): the one universal name core
 * uses that @types/node does not declare globally.
 */
type BufferSource = ArrayBufferView<ArrayBuffer> | ArrayBuffer;
