// The `words` interface in C, with the canonical ABI written by hand (weld's
// C bindings generator will produce this glue).
#include <stdint.h>
#include <stdlib.h>

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    (void)align;
    return realloc(ptr, new_size);
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Counts words, and words with more than `min` letters.
static void scan(const char *s, size_t len, uint32_t min, uint32_t *words, uint32_t *longer) {
    size_t i = 0;
    *words = 0;
    *longer = 0;
    while (i < len) {
        while (i < len && is_space(s[i])) i++;
        size_t start = i;
        while (i < len && !is_space(s[i])) i++;
        if (i > start) {
            (*words)++;
            if (i - start > min) (*longer)++;
        }
    }
}

__attribute__((export_name("demo:poly/words@0.1.0#count")))
uint32_t words_count(char *s, size_t len) {
    uint32_t words, longer;
    scan(s, len, 0, &words, &longer);
    free(s);  // The callee owns the string the caller passed in.
    return words;
}

__attribute__((export_name("demo:poly/words@0.1.0#count-longer")))
uint32_t words_count_longer(char *s, size_t len, uint32_t min) {
    uint32_t words, longer;
    scan(s, len, min, &words, &longer);
    free(s);
    return longer;
}
