// LiteRT.js's Emscripten glue, bundled into the inference worker (vite.config.ts's litertGlue adds the export).
declare module '@litertjs/core/wasm/*.js' {
	const ModuleFactory: (moduleArg?: object) => Promise<unknown>;
	export default ModuleFactory;
}
