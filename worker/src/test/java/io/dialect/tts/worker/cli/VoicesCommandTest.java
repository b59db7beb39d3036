package io.dialect.tts.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VoicesCommandTest {

  @Test
  void listsTheVoicesOfOneDialectWithEachProvidersVoiceId() {
    StringWriter out = new StringWriter();
    CommandLine cli = WorkerCli.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("voices", "--dialect", "cantonese");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("cantonese-female").contains("zh-HK-HiuMaanNeural").contains("espeak=yue")
        .doesNotContain("dongbei");
  }

  @Test
  void anUnknownDialectIsAnErrorThatNamesTheKnownOnes() {
    StringWriter err = new StringWriter();
    CommandLine cli = WorkerCli.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("voices", "--dialect", "klingon");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("unknown dialect klingon").contains("mandarin");
  }
}
