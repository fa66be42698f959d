package io.jumpingvpn.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.gateway.GatewayStartException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokensUnitTests {

    private static final String TOKEN = "s3cr3t-t0ken-0123456789";

    @TempDir
    Path temp;

    private Path file(String text) throws Exception {
        var file = temp.resolve("tokens");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aBareTokenIsTheAdminAndNamedTokensCarryTheirNames() throws Exception {
        var tokens = AdminTokens.load(file("# admins\n\n" + TOKEN + "\nalice alice-token-0123456789abc\n"));
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.operatorOf(TOKEN)).contains("admin");
        assertThat(tokens.operatorOf("alice-token-0123456789abc")).contains("alice");
    }

    @Test
    void aTokenThatIsNotOneOfThemIsRefusedEvenWhenItSharesAPrefix() throws Exception {
        var tokens = AdminTokens.load(file(TOKEN + "\n"));
        assertThat(tokens.operatorOf(TOKEN + "x")).isEmpty();
        assertThat(tokens.operatorOf(TOKEN.substring(0, TOKEN.length() - 1))).isEmpty();
        assertThat(tokens.operatorOf("")).isEmpty();
    }

    @Test
    void badFilesFailWithOneLineNamingTheFileAndLine() throws Exception {
        assertThatThrownBy(() -> AdminTokens.load(file("short\n")))
                .isInstanceOf(GatewayStartException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("16 to 256");
        assertThatThrownBy(() -> AdminTokens.load(file("a b c\n")))
                .isInstanceOf(GatewayStartException.class)
                .hasMessageContaining("NAME TOKEN");
        assertThatThrownBy(() -> AdminTokens.load(file("bob " + TOKEN + "\nbob " + TOKEN + "y\n")))
                .hasMessageContaining("line 2")
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> AdminTokens.load(file("# nothing\n"))).hasMessageContaining("holds no token");
        assertThatThrownBy(() -> AdminTokens.load(temp.resolve("missing")))
                .isInstanceOf(GatewayStartException.class)
                .hasMessageContaining("cannot read the admin token file");
    }
}
