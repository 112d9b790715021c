/** Public entry point of this layer; its contents arrive with the issue that builds the layer. */
export {};
