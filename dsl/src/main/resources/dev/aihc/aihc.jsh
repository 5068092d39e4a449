// Loaded before every aihc script and shell session (./aihc run, ./aihc shell).
// Product packages: every public package under dev.aihc except *.internal.* belongs here
// (StartupScriptImportsTest checks that, and that no two imported names clash).
import dev.aihc.dsl.*;
import dev.aihc.client.*;
import dev.aihc.insight.*;
import dev.aihc.experiment.*;
import dev.aihc.view.*;
import dev.aihc.wire.*;
import dev.aihc.*;

import java.time.*;
import java.util.*;
import java.nio.file.*;

// Jupyter: inside an IJava kernel with aihc-kernel on its class path (./aihc kernel install) this shows
// Job, Run, Problems, job lists, diffs and request previews as HTML, and makes notebookSink the sink that
// draws follow() and await() as blocks updated in place: use aihc.withSink(notebookSink). Anywhere else
// (./aihc run, ./aihc shell, plain jshell) notebookSink is the console and nothing else happens.
OutputSink notebookSink = dev.aihc.internal.shell.NotebookHook.install();

// The client of a session: the cloud when it is configured, else the local engine in ~/.aihc/local
// (AIHC_LOCAL_HOME). It connects on its first call, not here (no HTTP client is loaded, no engine
// started); printing it says which side it points to.
AihcClient aihc = Aihc.lazy().withSink(notebookSink);
