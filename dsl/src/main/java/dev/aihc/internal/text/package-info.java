/** Text from jobs made safe to print on a terminal. */
package dev.aihc.internal.text;
