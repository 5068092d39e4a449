package dev.aihc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.dsl.AihcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Aihc.torchPython()}: the machine's Python that has torch (Debian's python3-torch), found in one call. */
final class TorchPythonTest {
  @Test
  void givenThisMachine_whenTorchPythonAsked_thenAnAbsolutePathThatImportsTorchDistributed() throws Exception {
    // when
    String python = Aihc.torchPython();

    // then
    assertThat(Path.of(python)).isAbsolute();
    assertThat(Files.isExecutable(Path.of(python))).isTrue();
    Process p = new ProcessBuilder(python, "-c", "import torch.distributed").inheritIO().start();
    assertThat(p.waitFor()).as("%s imports torch.distributed", python).isZero();
    assertThat(Aihc.torchPython()).as("found once").isEqualTo(python);
  }

  @Test
  void givenCandidatesWithoutTorch_whenSearched_thenTheErrorNamesThemAndHowToInstallTorch() {
    assertThatThrownBy(() -> TorchPython.find(List.of("/no/such/python3", "/bin/true")))
        .isInstanceOf(AihcException.class)
        .hasMessageContaining("tried /no/such/python3, /bin/true")
        .hasMessageContaining("sudo apt-get install -y python3-torch")
        .hasMessageContaining("AIHC_PYTHON");
  }

  @Test
  void givenAPythonWithoutTorchBeforeOneWithIt_whenSearched_thenTheOneWithTorch() {
    // given: /bin/false first, as a virtualenv python3 without torch would come first on the PATH
    String withTorch = Aihc.torchPython();

    // when
    String found = TorchPython.find(List.of("/bin/false", withTorch));

    // then
    assertThat(found).isEqualTo(withTorch);
  }
}
