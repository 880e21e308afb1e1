// Debian's libxml2 is built with ICU; its headers would pull in the system ICU headers,
// which clash with Foundation's own ICU module on a clean build ('UErrorCode' has different
// definitions in different modules). Undefine ICU support before including the rest.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/catalog.h>
#include <libxml/xmlsave.h>
#include <libxml/HTMLparser.h>
