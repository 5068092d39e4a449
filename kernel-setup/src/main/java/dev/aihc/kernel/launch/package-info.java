/**
 * The kernel's main class: IJava's kernel with Shift-Tab documentation that shows the Javadoc, packed
 * in a jar of its own that sits on the kernel JVM's class path beside IJava's (our other jars go on
 * IJava's class path for snippets only). Nothing here names a dev.aihc class outside this package.
 */
package dev.aihc.kernel.launch;
