// libFuzzer target: a corrupt, truncated or hostile mapping file loads with problems (never a
// crash), and a file that loads writes back to something that loads to the same mapping.
#include "mapping/MappingFile.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const MappingFile::LoadResult r = MappingFile::parse(bytes);
    for (const MappingProblem &p : r.problems)
        (void)p.toString();
    if (r.ok()) {
        const QByteArray saved = MappingFile::serialize(r.mapping);
        const MappingFile::LoadResult again = MappingFile::parse(saved);
        if (!again.ok() || !(again.mapping == r.mapping) || MappingFile::serialize(again.mapping) != saved)
            std::abort(); // a round trip that changes the file is a bug
    }
    return 0;
}
