// Asio compiled once for the whole program (see CMakeLists.txt: BOOST_ASIO_SEPARATE_COMPILATION is
// set on every target that links keyward_boost). Split from Beast's and Asio SSL's sources so the
// three compile in parallel.
#include <boost/asio/impl/src.hpp>
