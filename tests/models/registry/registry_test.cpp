// Every model folder is registered and documented; every parameter of every model and network
// type has a meaning and a valid default (style: LAMMPS checks each style has a doc page).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "models/register_all.hpp"
#include "sim/graph/network_catalog.hpp"

namespace govsim::models {
namespace {

namespace fs = std::filesystem;

TEST(Registry, EveryModelFolderIsRegisteredAndDocumented) {
  sim::ModelRegistry reg;
  register_all(reg);
  std::set<std::string> registered;
  for (const auto& m : reg.all()) registered.insert(m.name);
  const fs::path root = fs::path(GOVSIM_SOURCE_DIR);
  std::size_t folders = 0;
  for (const auto& e : fs::directory_iterator(root / "models")) {
    if (!e.is_directory() || e.path().filename() == "kernels") continue;  // kernels: not a model
    ++folders;
    const std::string name = e.path().filename().string();
    EXPECT_TRUE(registered.count(name)) << "models/" << name << " is not in register_all.cpp";
  }
  EXPECT_EQ(folders, registered.size());
  for (const auto& name : registered)
    EXPECT_TRUE(fs::exists(root / "docs" / "models" / (name + ".md"))) << "no docs/models/" << name << ".md";
}

void expect_documented(const sim::ParamSchema& schema, const std::string& owner) {
  for (const auto& d : schema.defs()) {
    EXPECT_FALSE(d.doc.empty()) << owner << "." << d.name << " has no meaning";
    EXPECT_EQ(sim::ParamSchema::check(d, d.default_value), "") << owner << "." << d.name;
  }
}

TEST(Registry, EveryParameterHasAMeaningAndAValidDefault) {
  sim::ModelRegistry reg;
  register_all(reg);
  for (const auto& m : reg.all()) {
    EXPECT_FALSE(m.summary.empty()) << m.name;
    expect_documented(m.schema(), m.name);
    for (const auto& c : m.countermeasures) EXPECT_FALSE(c.summary.empty()) << m.name << "/" << c.name;
  }
  for (const auto& [name, schema] : sim::network_types()) expect_documented(schema, "network." + name);
}

}  // namespace
}  // namespace govsim::models
