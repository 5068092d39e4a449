/**
 * {@code ./aihc kernel install|uninstall}: stages the kernel directory (IJava, our jars, the startup
 * script, kernel.json) and lets Jupyter copy it into place. Runs from the launcher with the product's class
 * path, which it copies; nothing here runs inside the kernel.
 */
package dev.aihc.kernel.install;
