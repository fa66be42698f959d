package io.jumpingvpn.chaos.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Escaping of untrusted text for HTML content and attributes, and locale-free numbers. */
class HtmlUnitTests {

    @Test
    void markupCharactersAreEscaped() {
        assertThat(Html.escape("<script>alert('x')</script> & \"q\""))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreReplacedButTextIsKept() {
        assertThat(Html.escape("a\u0000b\u001bc\u007fd\te\nf")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\te\nf");
        assertThat(Html.escape("x\uD800y")).isEqualTo("x\uFFFDy");
        assertThat(Html.escape("smile \uD83D\uDE00 ünïcode")).isEqualTo("smile \uD83D\uDE00 ünïcode");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void numbersUseADotAndAtMostTwoDecimals() {
        assertThat(Html.num(12.0)).isEqualTo("12");
        assertThat(Html.num(3.14159)).isEqualTo("3.14");
        assertThat(Html.num(-0.001)).isEqualTo("0");
        assertThat(Html.num(Double.NaN)).isEqualTo("0");
        assertThat(Html.num(0.5)).isEqualTo("0.5");
    }
}
