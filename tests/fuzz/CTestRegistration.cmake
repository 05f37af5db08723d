# Included from tests/CMakeLists.txt: the seed-corpus tool (built with the project) and the CTest
# test that builds and runs the fuzzers with clang.
qt_add_executable(make_seed_corpus "${CMAKE_CURRENT_LIST_DIR}/make_seed_corpus.cpp")
target_link_libraries(make_seed_corpus PRIVATE flagbridge_sandbox Qt6::Network flagbridge_options)
add_test(NAME fuzz_decoders
    COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/run-fuzzers" $<TARGET_FILE:make_seed_corpus>
            "${CMAKE_BINARY_DIR}/fuzz" 20)
set_tests_properties(fuzz_decoders PROPERTIES LABELS fuzz TIMEOUT 1200 SKIP_RETURN_CODE 77
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
