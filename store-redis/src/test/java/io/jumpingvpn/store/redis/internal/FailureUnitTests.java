package io.jumpingvpn.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailureUnitTests {

    @Test
    void whatCertainlyDidNotRunIsNotExecuted() {
        assertThat(Failure.of(new RedisException("Currently not connected. Commands are rejected."))
                        .kind())
                .isEqualTo(Failure.Kind.NOT_EXECUTED);
        assertThat(Failure.of(new RedisConnectionException("Unable to connect to 127.0.0.1:1"))
                        .kind())
                .isEqualTo(Failure.Kind.NOT_EXECUTED);
        assertThat(Failure.of(new RedisCommandExecutionException("LOADING Redis is loading the dataset"))
                        .kind())
                .isEqualTo(Failure.Kind.NOT_EXECUTED);
        assertThat(Failure.of(new RedisCommandExecutionException("READONLY You can't write against a replica"))
                        .kind())
                .isEqualTo(Failure.Kind.NOT_EXECUTED);
    }

    @Test
    void whatMayHaveRunIsUnknown() {
        assertThat(Failure.of(new RedisCommandTimeoutException("Command timed out after 500 ms"))
                        .kind())
                .isEqualTo(Failure.Kind.UNKNOWN);
        assertThat(Failure.of(new RedisException("Connection disconnected")).kind())
                .isEqualTo(Failure.Kind.UNKNOWN);
        assertThat(Failure.of(new RedisCommandExecutionException("ERR user_script:3: boom"))
                        .kind())
                .isEqualTo(Failure.Kind.UNKNOWN);
        assertThat(Failure.of(new IllegalStateException("anything else")).kind())
                .isEqualTo(Failure.Kind.UNKNOWN);
    }

    @Test
    void noScriptIsItsOwnKindAndWrappersAreSeenThrough() {
        var wrapped = new CompletionException(new RedisNoScriptException("NOSCRIPT No matching script"));

        assertThat(Failure.of(wrapped).kind()).isEqualTo(Failure.Kind.NO_SCRIPT);
        var carried = new Failure.FailureException(Failure.notExecuted("closed"));
        assertThat(Failure.of(new CompletionException(carried))).isEqualTo(Failure.notExecuted("closed"));
        assertThat(carried.getStackTrace()).isEmpty();
    }
}
