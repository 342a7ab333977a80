package io.thalamus.registry.expert.rest;

import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreconditionsTest {

    @Test
    void parsesListsOfStrongTagsAndTheWildcards() {
        assertThat(Preconditions.parse("\"3\"", null).versions()).containsExactly(3L);
        assertThat(Preconditions.parse("\"3\", \"5\"", null).versions()).containsExactly(3L, 5L);
        assertThat(Preconditions.parse("*", null).matchAny()).isTrue();
        assertThat(Preconditions.parse(null, "*").mustBeAbsent()).isTrue();
        // a tag we never issued parses but can never match
        assertThat(Preconditions.parse("\"abc\"", null).versions()).containsExactly(-1L);
    }

    @Test
    void rejectsMalformedHeadersAsBadRequests() {
        for (String malformed : new String[] {"3", "\"3", "W/\"3\"", "\"3\" \"4\"", "\"3\",,"}) {
            assertThatThrownBy(() -> Preconditions.parse(malformed, null))
                    .as(malformed)
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.problem().is(ProblemType.INVALID_REQUEST)).isTrue());
        }
        assertThatThrownBy(() -> Preconditions.parse(null, "\"3\"")).isInstanceOf(ProblemException.class);
    }

    @Test
    void checksAgainstTheCurrentVersion() {
        Preconditions atThree = Preconditions.parse("\"3\"", null);
        assertThatCode(() -> atThree.check("x", OptionalLong.of(3))).doesNotThrowAnyException();
        assertPreconditionFailed(() -> atThree.check("x", OptionalLong.of(4)));
        assertPreconditionFailed(() -> atThree.check("x", OptionalLong.empty()));
        assertPreconditionFailed(() -> Preconditions.parse("*", null).check("x", OptionalLong.empty()));
        assertPreconditionFailed(() -> Preconditions.parse(null, "*").check("x", OptionalLong.of(1)));
        assertThatCode(() -> Preconditions.NONE.check("x", OptionalLong.empty())).doesNotThrowAnyException();
        assertThatCode(() -> Preconditions.NONE.check("x", OptionalLong.of(9))).doesNotThrowAnyException();
    }

    private static void assertPreconditionFailed(org.assertj.core.api.ThrowableAssert.ThrowingCallable check) {
        assertThatThrownBy(check).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().is(ProblemType.PRECONDITION_FAILED)).isTrue());
    }
}
