package io.jumpingvpn.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.testkit.redis.internal.Directories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ShutdownHookIntegrationTests {

    @Test
    void aServerNobodyClosedDiesWithItsJvm() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), ForgetfulMain.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(output).isZero();
        Map<String, String> printed = output.lines()
                .filter(line -> line.startsWith("pid=") || line.startsWith("dir="))
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1]));
        Optional<ProcessHandle> server = ProcessHandle.of(Long.parseLong(printed.get("pid")));
        Path dir = Path.of(printed.get("dir"));
        try {
            assertThat(server.filter(ProcessHandle::isAlive))
                    .as("redis-server left running")
                    .isEmpty();
            assertThat(dir).doesNotExist();
        } finally {
            // if the hook failed, this test is what started the server: end it by its PID
            server.ifPresent(ProcessHandle::destroyForcibly);
            Directories.deleteQuietly(dir);
        }
    }
}
