// Loaded before every aihc script and shell session (./aihc run, ./aihc shell).
// Product packages: every public package under dev.aihc except *.internal.* belongs here
// (StartupScriptImportsTest checks that, and that no two imported names clash).
import dev.aihc.dsl.*;
import dev.aihc.client.*;
import dev.aihc.*;

import java.time.*;
import java.util.*;
import java.nio.file.*;
