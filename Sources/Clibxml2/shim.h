#ifndef TRACKER_CLIBXML2_SHIM_H
#define TRACKER_CLIBXML2_SHIM_H
// libxml2's headers include ICU's when libxml2 was built with it, and ICU's headers clash with the copy Foundation
// brings (module _FoundationICU). Nothing here uses libxml2's ICU converters (only pointers to the structures
// holding them), so their headers are left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#endif
