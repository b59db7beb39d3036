package io.dialect.tts.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialect.tts.api.v1alpha1.TTSItem;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ItemValidatorTest {

  @Test
  void aValidItemPassesUnchanged() {
    SourceEntry entry = item(0, new SourceItem("greeting", "老铁们好", "dongbei", "laotie", 1.0, "neutral"));

    assertThat(new ItemValidator().validate(entry)).isSameAs(entry);
  }

  @Test
  void emptyTextAndTextOverTheLimitAreProblemsNotCrashes() {
    ItemValidator validator = new ItemValidator();
    String hundredThousand = "话".repeat(100_000);

    SourceEntry empty = validator.validate(item(0, new SourceItem("empty", "  ")));
    SourceEntry huge = validator.validate(item(1, new SourceItem("huge", hundredThousand)));
    SourceEntry atLimit = validator.validate(item(2, new SourceItem("limit", "话".repeat(TTSItem.MAX_TEXT_LENGTH))));

    assertThat(reason(empty)).isEqualTo(ProblemReason.EmptyText);
    assertThat(reason(huge)).isEqualTo(ProblemReason.TextTooLong);
    assertThat(((SourceEntry.Problem) huge).message()).contains("100000").doesNotContain("话话");
    assertThat(atLimit).as("exactly the maximum is allowed").isInstanceOf(SourceEntry.Item.class);
  }

  @Test
  void idsThatCannotNameAFileAreRejectedUnderASyntheticId() {
    ItemValidator validator = new ItemValidator();

    SourceEntry traversal = validator.validate(item(0, new SourceItem("../etc/passwd", "x")));
    SourceEntry missing = validator.validate(item(1, new SourceItem(null, "x")));

    assertThat(traversal).isEqualTo(SourceEntry.Problem.of(0, 1, null, ProblemReason.InvalidId,
        ((SourceEntry.Problem) traversal).message()));
    assertThat(traversal.id()).isEqualTo("line-1");
    assertThat(reason(missing)).isEqualTo(ProblemReason.InvalidId);
    assertThat(missing.id()).isEqualTo("line-2");
  }

  @Test
  void speedOutsideHalfToDoubleIsRejected() {
    ItemValidator validator = new ItemValidator();

    assertThat(reason(validator.validate(item(0, new SourceItem("slow", "x", null, null, 0.49, null)))))
        .isEqualTo(ProblemReason.InvalidSpeed);
    assertThat(reason(validator.validate(item(1, new SourceItem("nan", "x", null, null, Double.NaN, null)))))
        .isEqualTo(ProblemReason.InvalidSpeed);
    assertThat(validator.validate(item(2, new SourceItem("fast", "x", null, null, 2.0, null))))
        .isInstanceOf(SourceEntry.Item.class);
  }

  @Test
  void theFirstEntryKeepsAnIdAndLaterOnesAreDuplicatesUnderTheirLine() {
    ItemValidator validator = new ItemValidator();

    List<SourceEntry> entries = Stream.of(
            item(0, new SourceItem("a", "one")),
            item(1, new SourceItem("b", "two")),
            item(2, new SourceItem("a", "three")))
        .map(validator::validate).toList();

    assertThat(entries.get(0)).isInstanceOf(SourceEntry.Item.class);
    assertThat(entries.get(2)).isInstanceOfSatisfying(SourceEntry.Problem.class, problem -> {
      assertThat(problem.reason()).isEqualTo(ProblemReason.DuplicateId);
      assertThat(problem.id()).as("a second manifest line under 'a' would hide the first").isEqualTo("line-3");
      assertThat(problem.message()).contains("'a'");
    });
  }

  @Test
  void duplicatesAreFoundAmongManyIds() {
    ItemValidator validator = new ItemValidator();

    long duplicates = IntStream.range(0, 300_000)
        .mapToObj(i -> item(i, new SourceItem("item-" + (i % 100_000), "x")))
        .map(validator::validate)
        .filter(entry -> entry instanceof SourceEntry.Problem)
        .count();

    assertThat(duplicates).isEqualTo(200_000);
  }

  @Test
  void aProblemWithARecoveredIdClaimsItSoALaterItemCannotReuseIt() {
    ItemValidator validator = new ItemValidator();

    SourceEntry broken = validator.validate(SourceEntry.Problem.invalidInput(0, 1, "a", "line 1 is not valid UTF-8"));
    SourceEntry later = validator.validate(item(1, new SourceItem("a", "fine")));
    SourceEntry unusable = validator.validate(SourceEntry.Problem.invalidInput(2, 3, "a\uFFFD", "bad"));

    assertThat(broken.id()).isEqualTo("a");
    assertThat(reason(later)).isEqualTo(ProblemReason.DuplicateId);
    assertThat(unusable.id()).isEqualTo("line-3");
  }

  private static SourceEntry item(long ordinal, SourceItem item) {
    return new SourceEntry.Item(ordinal, ordinal + 1, item);
  }

  private static ProblemReason reason(SourceEntry entry) {
    assertThat(entry).isInstanceOf(SourceEntry.Problem.class);
    return ((SourceEntry.Problem) entry).reason();
  }
}
