#include "Mapping.h"

const Binding *Mapping::binding(const QString &id) const
{
    for (const Binding &b : bindings) {
        if (b.id == id)
            return &b;
    }
    return nullptr;
}
