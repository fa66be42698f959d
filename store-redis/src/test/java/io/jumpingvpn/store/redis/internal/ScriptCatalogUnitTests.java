package io.jumpingvpn.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScriptCatalogUnitTests {

    @Test
    void everyScriptIsTheLibraryPlusItsOwnFileWithAHeaderAndADigest() {
        var catalog = ScriptCatalog.load();

        assertThat(catalog.all()).hasSize(11).allSatisfy(script -> {
            assertThat(script.sha()).matches("[0-9a-f]{40}");
            assertThat(script.body()).startsWith("-- lib.lua");
            assertThat(script.body()).contains("-- " + script.name() + ".lua: ");
            var own = script.body().substring(script.body().indexOf("-- " + script.name() + ".lua"));
            assertThat(own)
                    .contains("KEYS[1]")
                    .contains("ARGV")
                    .contains("Returns")
                    .contains("Invariant");
        });
        assertThat(catalog.all().stream().map(LuaScript::sha).distinct()).hasSize(11);
    }
}
