#include "store/data_dir.h"

#include <fstream>

#include <gtest/gtest.h>

#include "crypto/random.h"
#include "support/temp_dir.h"
#include <sys/stat.h>

namespace keyward::store {
namespace {

using testing::TempDir;

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

TEST(DataDir, CreatesKeysReadableByTheOwnerOnly) {
  TempDir temp;
  const DataDir dir(temp / "data");
  crypto::SystemRandom random;
  EXPECT_FALSE(dir.has_keys());
  auto keys = dir.create_keys(random);
  ASSERT_TRUE(keys) << keys.error().message;
  EXPECT_TRUE(dir.has_keys());
  EXPECT_EQ(mode_of(dir.pepper_file()), 0600u);
  EXPECT_EQ(mode_of(dir.master_key_file()), 0600u);
  EXPECT_EQ(mode_of(dir.root()), 0700u);
  EXPECT_NE(keys->pepper, keys->master_key);
  auto loaded = dir.load_keys();
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->pepper, keys->pepper);
  EXPECT_EQ(loaded->master_key, keys->master_key);
}

TEST(DataDir, NeverOverwritesExistingKeys) {
  TempDir temp;
  const DataDir dir(temp / "data");
  crypto::SystemRandom random;
  auto first = dir.create_keys(random);
  ASSERT_TRUE(first);
  auto second = dir.create_keys(random);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, Errc::kAlreadyExists);
  EXPECT_EQ(dir.load_keys()->pepper, first->pepper);
}

TEST(DataDir, AnUninitializedDirectorySaysToRunInit) {
  TempDir temp;
  auto keys = DataDir(temp / "nothing").load_keys();
  ASSERT_FALSE(keys);
  EXPECT_EQ(keys.error().code, Errc::kNotFound);
  EXPECT_NE(keys.error().message.find("keyward init"), std::string::npos);
}

TEST(DataDir, RefusesKeyFilesOthersCanRead) {
  TempDir temp;
  const DataDir dir(temp / "data");
  crypto::SystemRandom random;
  ASSERT_TRUE(dir.create_keys(random));
  ::chmod(dir.master_key_file().c_str(), 0644);
  auto keys = dir.load_keys();
  ASSERT_FALSE(keys);
  EXPECT_NE(keys.error().message.find("chmod 600"), std::string::npos);
}

TEST(DataDir, RefusesADamagedKeyFile) {
  TempDir temp;
  const DataDir dir(temp / "data");
  crypto::SystemRandom random;
  ASSERT_TRUE(dir.create_keys(random));
  { std::ofstream(dir.pepper_file(), std::ios::app) << "x"; }
  auto keys = dir.load_keys();
  ASSERT_FALSE(keys);
  EXPECT_NE(keys.error().message.find("damaged"), std::string::npos);
}

}  // namespace
}  // namespace keyward::store
