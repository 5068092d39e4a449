/** The product's one Jackson configuration ({@link dev.aihc.internal.json.Json}); not API. */
package dev.aihc.internal.json;
