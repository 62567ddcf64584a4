// sim/io/input_file: every reader refuses a path that is not a regular file before opening it
// (a FIFO would block, /dev/zero would never end), and YAML files have a size limit.
#include "sim/io/input_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace govsim::sim::io {
namespace {

namespace fs = std::filesystem;

class InputFile : public ::testing::Test {
 protected:
  InputFile() : dir_(fs::temp_directory_path() / ("govsim_input_file_" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~InputFile() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name)) << text;
    return path(name);
  }
  fs::path dir_;
};

TEST_F(InputFile, RegularFilesPassOthersAreNamed) {
  const std::string ok = write("ok.yaml", "a: 1\n");
  EXPECT_EQ(input_file_problem(ok), "");
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  EXPECT_EQ(input_file_problem(path("fifo")), "it is a FIFO (named pipe), not a regular file");
  EXPECT_EQ(input_file_problem("/dev/zero"), "it is a character device, not a regular file");
  EXPECT_EQ(input_file_problem("/dev/null"), "it is a character device, not a regular file");
  EXPECT_EQ(input_file_problem(dir_.string()), "it is a directory, not a regular file");
  EXPECT_EQ(input_file_problem(path("missing")), "No such file or directory");
  fs::create_symlink(path("fifo"), path("link_to_fifo"));
  EXPECT_EQ(input_file_problem(path("link_to_fifo")), "it is a FIFO (named pipe), not a regular file");
  fs::create_symlink(ok, path("link_to_ok"));
  EXPECT_EQ(input_file_problem(path("link_to_ok")), "");
  fs::create_symlink(path("nowhere"), path("dangling"));
  EXPECT_EQ(input_file_problem(path("dangling")), "No such file or directory");
}

TEST_F(InputFile, ReadingAFifoReturnsAtOnce) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  std::string text;
  EXPECT_EQ(read_input_file(path("fifo"), text), "it is a FIFO (named pipe), not a regular file");
  EXPECT_EQ(read_input_file("/dev/zero", text), "it is a character device, not a regular file");
  EXPECT_TRUE(text.empty());
}

TEST_F(InputFile, YamlSizeLimit) {
  const std::string big = path("big.yaml");
  { std::ofstream(big) << "a: 1\n"; }
  fs::resize_file(big, kMaxYamlBytes + 1);  // sparse
  std::string text;
  EXPECT_EQ(read_input_file(big, text), "it is 16.0 MiB (16777217 bytes), more than the 16 MiB limit for YAML files");
  fs::resize_file(big, kMaxYamlBytes);
  EXPECT_EQ(read_input_file(big, text), "");
  EXPECT_EQ(text.size(), kMaxYamlBytes);
  // Streamed readers have no limit.
  fs::resize_file(big, kMaxYamlBytes * 2);
  EXPECT_EQ(input_file_problem(big), "");
}

TEST_F(InputFile, StreamedReadersThrowLocatedAtTheFile) {
  ASSERT_EQ(::mkfifo(path("edges.csv").c_str(), 0600), 0);
  try {
    require_input_file(path("edges.csv"), "edge list");
    FAIL();
  } catch (const std::exception& e) {
    EXPECT_EQ(std::string(e.what()),
              path("edges.csv") + ": error: cannot open edge list: it is a FIFO (named pipe), not a regular file");
  }
}

}  // namespace
}  // namespace govsim::sim::io
