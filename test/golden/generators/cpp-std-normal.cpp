// Golden vectors for calculators/random/cpp-std-generator.ts: GenAI's CppStdGenerator is std::mt19937 seeded with
// the uint32 seed and std::normal_distribution<float>(0, 1); this is that pair, from this machine's g++/libstdc++.
//   cpp-std-normal <seed> <count>   writes <count> values as lowercase hex float32 bits, one per line
// Build: g++ -O2 -o cpp-std-normal cpp-std-normal.cpp   (our own program)
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: cpp-std-normal <seed> <count>\n");
        return 2;
    }
    const auto seed = static_cast<std::uint32_t>(std::strtoull(argv[1], nullptr, 10));  // GenAI narrows size_t
    const unsigned long count = std::strtoul(argv[2], nullptr, 10);
    std::mt19937 engine(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (unsigned long i = 0; i < count; ++i) {
        const float value = normal(engine);
        std::uint32_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        std::printf("%08x\n", bits);
    }
    return 0;
}
