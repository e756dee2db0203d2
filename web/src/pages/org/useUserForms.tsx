// The create/edit modal and the one-time password dialog, with draft restore after a sign-in.
import { useState } from 'react';
import type { Id, User } from '../../types';
import { SecretModal } from './SecretModal';
import type { Secret } from './SecretModal';
import { USER_DRAFT, UserFormModal } from './UserFormModal';
import type { UserValues } from './UserFormModal';
import { useDraftRestore } from './useDraftRestore';

export function useUserForms(enabled: boolean, fixedUnit?: { id: Id; name: string } | null) {
  const [modal, setModalState] = useState<{ user: User | null; initial?: UserValues } | null>(null);
  // A fresh form instance per opening: antd keeps a form's values across remounts otherwise.
  const [seq, setSeq] = useState(0);
  const setModal = (m: { user: User | null; initial?: UserValues }) => {
    setSeq((n) => n + 1);
    setModalState(m);
  };
  const [secret, setSecret] = useState<Secret | null>(null);
  useDraftRestore<UserValues, User>(USER_DRAFT, enabled, (d) => setModal({ user: d.target, initial: d.values }));
  const elements = (
    <>
      <UserFormModal
        key={seq}
        open={!!modal}
        user={modal?.user ?? null}
        initial={modal?.initial}
        fixedUnit={fixedUnit}
        onClose={() => setModalState(null)}
        onCreated={setSecret}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </>
  );
  return { openCreate: () => setModal({ user: null }), openEdit: (user: User) => setModal({ user }), showSecret: setSecret, elements };
}
